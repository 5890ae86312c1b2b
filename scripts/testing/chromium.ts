/**
 * How the tests start Debian's Chromium (Playwright never downloads a browser
 * here): the flags keep it from reaching for the network it does not have.
 */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
