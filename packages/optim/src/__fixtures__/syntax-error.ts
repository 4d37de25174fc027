// A TypeScript plugin with a syntax error on line 5.
export const broken = {
  name: 'broken',
  description: 'has a syntax error',
  rule: (,
};
