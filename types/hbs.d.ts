declare module 'hbs' {
  import type Handlebars from 'handlebars';
  interface Hbs {
    handlebars: typeof Handlebars;
    registerHelper(name: string, fn: Handlebars.HelperDelegate): void;
    registerPartials(directory: string, done?: (error?: Error) => void): void;
  }
  const hbs: Hbs;
  export default hbs;
}
