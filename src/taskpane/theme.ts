// Light or dark, from the colours of the Office theme (Office.context.officeTheme).
export type ThemeName = "light" | "dark";

/** Dark when the host's body background is dark (relative luminance below 0.5); light otherwise. */
export function themeForBackground(color: string | undefined | null): ThemeName {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color?.trim() ?? "")?.[1];
  if (!hex) return "light";
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance < 0.5 ? "dark" : "light";
}
