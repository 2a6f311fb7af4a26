/** The contacts import: the MIS's contacts export, previewed and confirmed like every import. */
import type { SectionProps } from '../ui/sectionProps';
import { ImportFlow } from './ImportFlow';

export function ContactsImportPanel(props: SectionProps) {
  return (
    <ImportFlow
      key="contacts"
      {...props}
      kind="contacts"
      help={
        <p className="hint">
          Each pupil’s contacts from the MIS: UPN, contact name, relationship, parental
          responsibility (Y or N), priority (1 is called first), and where known mobile, home and
          work phones, email, preferred language, do not contact (Y or N) and any court-order
          restriction. Each pupil in the file gets exactly the file’s contacts; pupils not in the
          file keep theirs. Contacts stay in the office: tablets never receive them.
        </p>
      }
    />
  );
}
