// Public API of src/train (owned by the train work package).
export {};
