// jsdom set-up for the task pane tests: Testing Library's DOM matchers.
import "@testing-library/jest-dom";
