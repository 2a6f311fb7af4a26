/** Steps several tests share, in the teacher's words. */
import { PinPage } from '../pages/PinPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SignInPage } from '../pages/SignInPage';
import type { Tablet } from './browser';
import { DEMO_PASSWORD } from './schoolDay';

export interface Teacher {
  readonly email: string;
  readonly name: string;
  readonly pin: string;
}

export const HANNAH: Teacher = {
  email: 'teacher@oakfield.example',
  name: 'Hannah Lee',
  pin: '2580',
};
export const TOM: Teacher = {
  email: 'tom.okafor@oakfield.example',
  name: 'Tom Okafor',
  pin: '1397',
};

/** Signs in online, chooses a PIN and waits for the register. */
export async function signInAndChoosePin(tablet: Tablet, teacher: Teacher): Promise<RegisterPage> {
  await new SignInPage(tablet.page).signIn(teacher.email, DEMO_PASSWORD);
  await new PinPage(tablet.page).choosePin(teacher.pin);
  const register = new RegisterPage(tablet.page);
  await register.waitUntilShown();
  return register;
}

/** Unlocks the lock screen with the teacher's PIN and waits for the register. */
export async function unlock(tablet: Tablet, teacher: Teacher): Promise<RegisterPage> {
  await new PinPage(tablet.page).unlock(teacher.name, teacher.pin);
  const register = new RegisterPage(tablet.page);
  await register.waitUntilShown();
  return register;
}
