/** Celebrating attendance: certificates in bulk and the best class of the week, on one tab. */
import type { CaseworkEnv } from '../caseworkRequest';
import { BestClassPanel } from './BestClassPanel';
import { CertificatesPanel } from './CertificatesPanel';
import './celebrate.css';

export interface CelebrateScreenProps {
  readonly env: CaseworkEnv;
  /** Today on the school's clock. */
  readonly today: string;
}

export function CelebrateScreen(props: CelebrateScreenProps) {
  return (
    <div className="celebrate">
      <div className="no-print">
        <CertificatesPanel {...props} />
      </div>
      <BestClassPanel {...props} />
    </div>
  );
}
