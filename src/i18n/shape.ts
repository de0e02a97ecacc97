/**
 * The shape a translation must have: exactly the keys of the English catalog, each a string. Assigning an
 * object literal to it makes the compiler reject a missing key and an extra one.
 */
export type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Every key of a catalog as a dotted path, plural suffixes folded (`n_one`, `n_other` → `n`). */
export type MessageKey<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K}`
    : MessageKey<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
