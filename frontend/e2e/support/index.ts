/** Everything a journey needs: import from "./support". */
export { checkA11y } from "./a11y";
export { DEMO_ADMIN, DEMO_STAFF, signIn, signOut } from "./auth";
export { latestMail, linkIn, type Mail, mailMark } from "./mail";
export { snap } from "./snap";
