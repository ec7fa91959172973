import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the shell shows the user, carries the time range in the URL and switches theme", async ({ page }) => {
  await signIn(page, "sre");
  // The overview redirects to its default period; picking a range before that lands would be undone.
  await expect(page).toHaveURL(/\?range=7d/);
  await expect(page.getByTestId("current-roles")).toContainText("sre");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }),
  ).toHaveCount(0);
  await page.getByRole("button", { name: "6h" }).click();
  await expect(page).toHaveURL(/range=6h/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Facility" }).click();
  await expect(page).toHaveURL(/\/facility\?range=6h/);
  const before = await page.locator("html").getAttribute("data-theme");
  await page.getByRole("button", { name: /theme/i }).click();
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", before ?? "light");
});
