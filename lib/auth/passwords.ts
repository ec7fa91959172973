import bcrypt from "bcryptjs";

const ROUNDS = 10;
export const hashPassword = (password: string) => bcrypt.hash(password, ROUNDS);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
/** Compared against when the user does not exist, so both failures take the same time. */
export const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.4hZhhJrQ2mwxp3vOe1lfN1Uo7Qv2";
