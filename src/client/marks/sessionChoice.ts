/**
 * Which register is current is a school rule: it lives in the domain
 * (src/domain/register/sessionChoice.ts). The office screens still import it from here; this
 * file goes once they import `currentSession` and `timesFor` from the domain.
 */
export { currentSession, timesFor } from '../../domain/index';
