// Public API of src/display (owned by the display work package).
export {};
