import { describe, expect, it } from "vitest";
import { accountIdNumber, enumSuggestion, invalidDate, kindHint } from "./issue-wording.js";

describe("invalidDate", () => {
  it.each([
    ["2027-02-30", '"2027-02-30" is not a real calendar date', "2027-02 has 28 days"],
    ["2028-02-30", '"2028-02-30" is not a real calendar date', "2028-02 has 29 days"],
    ["2027-04-31", '"2027-04-31" is not a real calendar date', "2027-04 has 30 days"],
    [
      "2027-13-01",
      '"2027-13-01" is not a real calendar date',
      "there is no month 13; the form is YYYY-MM-DD",
    ],
    [
      "31/03/2027",
      '"31/03/2027" is not a date in the form YYYY-MM-DD',
      "write the last day the exception applies, e.g. 2027-03-31",
    ],
    [
      "2027-3-31",
      '"2027-3-31" is not a date in the form YYYY-MM-DD',
      "write the last day the exception applies, e.g. 2027-03-31",
    ],
  ])("%s", (value, message, hint) => {
    expect(invalidDate(value)).toEqual({ message, hint });
  });
});

describe("accountIdNumber", () => {
  it.each([
    ["111111111111", "account id 111111111111 is a YAML number; account ids must be quoted strings"],
    [
      "011111111111",
      "account id 011111111111 is a YAML number, which YAML reads as 11111111111, losing the leading zero",
    ],
    [
      "000000000042",
      "account id 000000000042 is a YAML number, which YAML reads as 42, losing the leading zero",
    ],
    ["12345", "12345 is a YAML number, not an account id: an account id is 12 digits in quotes"],
  ])("%s", (digits, message) => {
    expect(accountIdNumber(digits).message).toBe(message);
  });
});

describe("enumSuggestion", () => {
  it.each<[unknown, string[], string | undefined]>([
    [true, ["enabled", "disabled"], "did you mean `enabled`?"],
    [false, ["enabled", "disabled"], "did you mean `disabled`?"],
    ["off", ["enabled", "disabled"], "did you mean `disabled`?"],
    ["Yes", ["enabled", "disabled"], "did you mean `enabled`?"],
    ["enable", ["enabled", "disabled"], "did you mean `enabled`?"],
    [true, ["absent", "allowed", "present"], undefined],
    ["absnet", ["absent", "allowed", "present"], "did you mean `absent`?"],
    ["forbidden", ["absent", "allowed", "present"], undefined],
    [3, ["absent", "allowed"], undefined],
  ])("%j in %j → %s", (got, allowed, expected) => {
    expect(enumSuggestion(got, allowed)).toBe(expected);
  });
});

describe("kindHint", () => {
  it.each<[string, unknown, string | undefined]>([
    ["accessKeys", "present", "no AWS API creates root access keys; use absent or allowed"],
    [
      "signingCertificates",
      "required",
      "no AWS API creates root signing certificates; use absent or allowed",
    ],
    [
      "mfa",
      "present",
      "no API can add an MFA device for someone; use `required` to report passwords without MFA",
    ],
    ["password", "required", "`required` is for mfa; use `present` to create the login profile if missing"],
    ["password", "presnt", undefined],
  ])("%s: %j", (key, got, expected) => {
    expect(kindHint(["baseline", key], got)).toBe(expected);
  });
});
