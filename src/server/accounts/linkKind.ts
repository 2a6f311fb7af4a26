/** The two kinds of single-use link to set a password: a first invitation, or a reset. */
export type LinkKind = 'invitation' | 'reset';
