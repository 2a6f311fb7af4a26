/** Celebrating attendance: certificates in bulk and the best class of the week, on one tab. */
import type { CaseworkCallProps } from '../impact/ActionImpactPanel';
import { BestClassPanel } from './BestClassPanel';
import { CertificatesPanel } from './CertificatesPanel';
import './celebrate.css';

export interface CelebrateScreenProps extends CaseworkCallProps {
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
