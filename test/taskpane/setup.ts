// jsdom set-up for the task pane tests: Testing Library's DOM matchers.
import "@testing-library/jest-dom";

// A rendered pane with hundreds of rows takes seconds of jsdom on a busy machine; jest's 5 s default
// timed such tests out now and then. Tests wait on conditions (findBy…), never on time.
jest.setTimeout(30_000);
