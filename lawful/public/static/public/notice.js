// Printing from the browser shows the whole notice, not only the parts a reader opened.
// (A file, not an inline script: the Content-Security-Policy allows scripts from 'self' only.)
addEventListener("beforeprint", () => document.querySelectorAll("details").forEach(d => d.open = true));
