/** `.nn` files imported as text: esbuild's `text` loader in the page's build, a vitest plugin in the tests. */
declare module '*.nn' {
  const text: string;
  export default text;
}
