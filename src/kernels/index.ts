// Public API of src/kernels (owned by the kernels work package).
export {};
