import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { SignInForm } from "../../src/taskpane/SignInForm";
import { validateEndpoint } from "../../src/claret/endpoint";
import type { ClaretEndpoint } from "../../src/workflows/api";
import { toUserMessage } from "../../src/workflows/messages";
import { signIn } from "../../src/workflows/signIn/session";

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
  expect(
    screen.getByText(/must start with https:\/\/ \(it starts with ftp:\/\/\)/)
  ).toBeInTheDocument();
  expect(screen.getByLabelText("API base URL")).toBeVisible();
  expect(attempts).toHaveLength(0);
});

/** What the sign-in workflow (the Claret client) says of the endpoint, without the form: null when it accepts it. */
async function clientSays(endpoint: ClaretEndpoint): Promise<string | null> {
  try {
    validateEndpoint(endpoint);
  } catch (error) {
    const direct = toUserMessage(error).text;
    // the sign-in call refuses it the same way before anything is sent
    const viaSignIn = await signIn(endpoint, "planner@demo.test", "demo").catch((e: unknown) =>
      toUserMessage(e)
    );
    expect(viaSignIn).toEqual({ intent: "error", text: direct });
    return direct;
  }
  return null;
}

describe("the form's rules are the client's", () => {
  async function submit(tenant: string, baseUrl: string) {
    const { attempts, user } = renderForm(baseUrl);
    await user.type(screen.getByLabelText(/Tenant/), tenant);
    await user.type(screen.getByLabelText(/Email/), "planner@demo.test");
    await user.type(screen.getByLabelText(/Password/), "demo{Enter}");
    return attempts;
  }

  test('tenant "-demo": the client accepts it, so the form signs in with it', async () => {
    expect(await clientSays({ tenant: "-demo", baseUrl: "https://plan.claret.app" })).toBeNull();
    const attempts = await submit("-demo", "https://plan.claret.app");
    expect(attempts.map((a) => a.endpoint)).toEqual([
      { tenant: "-demo", baseUrl: "https://plan.claret.app" },
    ]);
  });

  test.each([
    ["http://claret.example.com", /must use https:\/\//],
    ["https://plan.claret.app/?x=1", /must not contain "\?" or "#"/],
    ["https://user:pw@plan.claret.app", /must not contain a user name or password/],
    ["", /Enter the API base URL/],
  ])(
    "API base URL %j: the form refuses it with the client's own sentence, and sends nothing",
    async (baseUrl, gist) => {
      const said = await clientSays({ tenant: "demo", baseUrl });
      expect(said).toMatch(gist);
      const attempts = await submit("demo", baseUrl);
      expect(attempts).toHaveLength(0);
      expect(screen.getByLabelText("API base URL")).toBeVisible();
      expect(screen.getByText(said!)).toBeInTheDocument();
    }
  );

  test('tenant "demo!": the form refuses it with the client\'s own sentence', async () => {
    const said = await clientSays({ tenant: "demo!", baseUrl: "https://plan.claret.app" });
    expect(said).toMatch(/can only contain letters, digits/);
    expect(await submit("demo!", "https://plan.claret.app")).toHaveLength(0);
    expect(screen.getByText(said!)).toBeInTheDocument();
  });
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
