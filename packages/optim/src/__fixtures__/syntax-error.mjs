// A JavaScript plugin with a syntax error on line 4.
export const broken = {
  name: 'broken',
  rule: (,
};
