/**
 * The parent page in Polish, loaded only for a family whose language is Polish (parentWords.ts).
 * A native speaker should check it before a school relies on it (docs/parents.md).
 */
import type { FamilyTimeMissed } from '../../../domain/index';
import type { ParentTranslation } from './parentWordsTypes';

const MONTHS = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
];
const WEEKDAYS = ['niedziela', 'poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota'];

/** Polish plural forms: 1 godzina, 2–4 godziny (not 12–14), 5+ godzin. */
function plural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  const tens = n % 100;
  return n % 10 >= 2 && n % 10 <= 4 && (tens < 12 || tens > 14) ? few : many;
}

function days(t: FamilyTimeMissed): string {
  if (t.halfDay) return t.wholeDays === 0 ? 'pół dnia' : `${t.wholeDays},5 dnia`;
  return `${t.wholeDays} ${t.wholeDays === 1 ? 'dzień' : 'dni'}`;
}

function hours(t: FamilyTimeMissed): string {
  return `${t.hoursExact ? '' : 'ok. '}${t.hours} ${plural(t.hours, 'godzina', 'godziny', 'godzin')}`;
}

export const PL: ParentTranslation = {
  languageName: 'Polski',
  lang: 'pl',
  languageLabel: 'Język',
  title: 'Zgłoś nieobecność dziecka w szkole',
  checking: 'Logowanie…',
  intro:
    'Wpisz adres e-mail, który ma szkoła. Wyślemy link do logowania; działa jeden raz, przez 30 minut.',
  emailLabel: 'Twój adres e-mail',
  sendLink: 'Wyślij mi link do logowania',
  checkEmail: 'Sprawdź pocztę',
  linkSent: (email) =>
    `Jeśli szkoła ma adres ${email}, link do logowania jest już w drodze. Jeśli nic nie przyjdzie, zadzwoń do szkoły.`,
  byTextHeading: 'Albo zaloguj się kodem z SMS-a',
  byTextIntro: 'Wpisz numer komórki, który ma szkoła. Wyślemy SMS z sześciocyfrowym kodem.',
  phoneLabel: 'Twój numer komórki',
  sendCode: 'Wyślij mi kod SMS-em',
  codeSent: (phone) =>
    `Jeśli szkoła ma numer ${phone}, sześciocyfrowy kod jest już w drodze. Działa jeden raz, przez 10 minut.`,
  codeLabel: 'Sześciocyfrowy kod',
  signIn: 'Zaloguj się',
  startAgain: 'Zacznij od nowa',
  noChildren:
    'Szkoła nie ma przypisanych do Ciebie dzieci. Jeśli to błąd, zadzwoń do sekretariatu.',
  reportTitle: 'Zgłoś nieobecność',
  reportIntro:
    'Powiadom szkołę, zanim zamknie dziennik. Sekretariat sprawdzi zgłoszenie i je zapisze.',
  child: 'Dziecko',
  firstDay: 'Pierwszy dzień nieobecności',
  lastDay: 'Ostatni dzień nieobecności',
  reason: 'Powód',
  reasonHint: 'Na przykład: gorączka i wymioty albo wizyta w szpitalu.',
  expectedReturn: 'Przewidywany powrót (opcjonalnie)',
  send: 'Wyślij do szkoły',
  reported: (firstName) => `Dziękujemy. Szkoła otrzymała zgłoszenie dotyczące: ${firstName}.`,
  yourReports: 'Twoje zgłoszenia',
  status: {
    new: 'czeka na sekretariat',
    accepted: 'zapisane przez szkołę',
    declined: 'nieprzyjęte: prosimy zadzwonić do szkoły',
  },
  attendanceHeading: 'Opuszczony czas',
  missed: (firstName, period, t) => {
    const when = period === 'term' ? 'W tym semestrze' : 'W tym roku szkolnym';
    if (t.sessions === 0) return `${when} – ${firstName}: bez nieobecności.`;
    return `${when} – ${firstName}: nieobecność przez ${days(t)} (${hours(t)}).`;
  },
  weekCaption: (firstName) => `Tydzień – ${firstName}`,
  dayColumn: 'Dzień',
  part: { AM: 'Rano', PM: 'Po południu' },
  day: (date) => {
    const d = new Date(`${date}T12:00:00Z`);
    return `${WEEKDAYS[d.getUTCDay()] ?? ''}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}`;
  },
  weekState: {
    present: 'Obecność',
    late: 'Spóźnienie',
    late_after_close: 'Spóźnienie po zamknięciu dziennika',
    absent_authorised: 'Nieobecność usprawiedliwiona',
    absent_no_reason: 'Nieobecność – brak wyjaśnienia',
    absent_unauthorised: 'Nieobecność nieusprawiedliwiona',
    not_expected: 'Obecność niewymagana',
    closed: 'Szkoła zamknięta',
    no_school: 'Brak zajęć',
    not_marked: 'Jeszcze nie sprawdzono',
    to_come: 'Jeszcze przed nami',
  },
  leave: {
    heading: 'Wniosek o zwolnienie z zajęć',
    intro:
      'W czasie roku szkolnego szkoła udziela zwolnienia tylko w wyjątkowych okolicznościach. Prosimy złożyć wniosek z dużym wyprzedzeniem; szkoła odpowie pisemnie.',
    child: 'Dziecko',
    firstDay: 'Pierwszy dzień nieobecności',
    lastDay: 'Ostatni dzień nieobecności',
    fromPart: 'Nieobecność zaczyna się',
    toPart: 'Nieobecność kończy się po',
    morning: 'rano',
    afternoon: 'po południu',
    reason: 'Dlaczego dziecko musi być nieobecne',
    reasonHint: 'Prosimy opisać okoliczności. Szkoła podejmie decyzję na tej podstawie.',
    evidence: 'Dokument (nieobowiązkowy)',
    evidenceHint:
      'Plik PDF albo zdjęcie JPEG lub PNG, najwyżej 5 MB: na przykład zaproszenie lub pismo.',
    evidenceTooBig: (mb) =>
      `Plik jest większy niż ${mb} MB. Prosimy wybrać mniejsze zdjęcie lub skan.`,
    send: 'Wyślij wniosek',
    sent: (firstName) =>
      `Wniosek dotyczący dziecka ${firstName} został wysłany. Szkoła odpowie pisemnie.`,
    yourRequests: 'Twoje wnioski o zwolnienie',
    status: {
      requested: 'czeka na decyzję szkoły',
      granted: 'zwolnienie udzielone',
      refused: 'odmowa',
    },
    letter: 'Przeczytaj pismo ze szkoły (PDF)',
  },
};
