// Public API of src/io (owned by the io work package).
export {};
