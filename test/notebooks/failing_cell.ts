// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # Integration test: the runner must stop at the failing cell and print its error

// %%
const before = 40 + 2;
console.log("before", before);

// %%
// This cell fails on purpose.
function explode(): never { throw new Error("deliberate failure 8675309"); }
explode();

// %%
console.log("after: this cell must never run");
