// Public API of src/tasks (owned by the tasks work package).
export {};
