import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { SignInForm } from "../../src/taskpane/SignInForm";
import type { ClaretEndpoint } from "../../src/workflows/api";

function renderForm(baseUrl = "https://plan.claret.app") {
  const attempts: { endpoint: ClaretEndpoint; email: string; password: string }[] = [];
  render(
    <FluentProvider theme={webLightTheme}>
      <SignInForm
        defaults={{ tenant: "", email: "", baseUrl }}
        busy={false}
        onSignIn={(endpoint, email, password) => attempts.push({ endpoint, email, password })}
      />
    </FluentProvider>
  );
  return { attempts, user: userEvent.setup() };
}

test("the API base URL is under Advanced and defaults to plan.claret.app", async () => {
  const { user } = renderForm();
  expect(screen.queryByLabelText("API base URL")).not.toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Advanced" }));
  expect(screen.getByLabelText("API base URL")).toHaveValue("https://plan.claret.app");
});

test("signing in with empty fields names each missing field and sends nothing", async () => {
  const { attempts, user } = renderForm();
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  expect(screen.getByText(/Enter your Claret tenant/)).toBeInTheDocument();
  expect(
    screen.getByText("Enter the email address you sign in to Claret with.")
  ).toBeInTheDocument();
  expect(screen.getByText("Enter your Claret password.")).toBeInTheDocument();
  expect(attempts).toHaveLength(0);
});

test("a base URL that is not http(s) opens Advanced and says what to enter", async () => {
  const { attempts, user } = renderForm("ftp://example.test");
  await user.type(screen.getByLabelText(/Tenant/), "demo");
  await user.type(screen.getByLabelText(/Email/), "planner@demo.test");
  await user.type(screen.getByLabelText(/Password/), "demo");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  expect(screen.getByText(/Enter the API base URL as http\(s\):\/\/host/)).toBeInTheDocument();
  expect(screen.getByLabelText("API base URL")).toBeVisible();
  expect(attempts).toHaveLength(0);
});

test("pressing Enter in the password field signs in with the trimmed base URL", async () => {
  const { attempts, user } = renderForm("https://plan.claret.app/");
  await user.type(screen.getByLabelText(/Tenant/), "demo");
  await user.type(screen.getByLabelText(/Email/), "planner@demo.test");
  await user.type(screen.getByLabelText(/Password/), "demo{Enter}");
  expect(attempts).toEqual([
    {
      endpoint: { baseUrl: "https://plan.claret.app", tenant: "demo" },
      email: "planner@demo.test",
      password: "demo",
    },
  ]);
});
