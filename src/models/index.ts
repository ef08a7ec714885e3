// Public API of src/models (owned by the models work package).
export {};
