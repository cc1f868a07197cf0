// The pull form: sale type (suggestions + free text), start date, duration with the inclusive end
// date it implies, hierarchy columns. Everything is checked here before any request is made.
import { Suspense, lazy, useEffect, useMemo, useState, type FormEvent } from "react";
import { ErrorBoundary } from "react-error-boundary";
import {
  Button,
  Checkbox,
  Combobox,
  Field,
  Input,
  Option,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { addMonths, startOfMonth } from "date-fns";
import type { SalesQuery } from "../workflows/api";
import {
  SALE_TYPE_SUGGESTIONS,
  formatIsoDate,
  inclusiveEndDate,
  parseIsoDate,
  validatePull,
  type FieldErrors,
  type PullValues,
} from "./formValidation";
import { whenIdle } from "./whenIdle";

// The calendar is the heaviest part of the form (30 KB gz); it loads once the form is on screen and the
// browser is idle, or earlier with the pane's warm-up (preloadDatePicker). Until it is there the field is a
// plain text box taking the same YYYY-MM-DD.
let datePickerRequested = false;
const loadDatePicker = () => {
  datePickerRequested = true;
  return import(/* webpackChunkName: "date-picker" */ "@fluentui/react-datepicker-compat");
};
const DatePicker = lazy(() => loadDatePicker().then((m) => ({ default: m.DatePicker })));

/** Starts loading the calendar ahead of the form (the pane's warm-up after the sign-in form is shown). */
export function preloadDatePicker(): void {
  loadDatePicker().catch(() => undefined);
}

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)",
    gap: tokens.spacingHorizontalM,
    alignItems: "start",
  },
  fill: { width: "100%", minWidth: 0 },
  actions: { display: "flex", justifyContent: "flex-start" },
});

export function defaultPullValues(today = new Date()): PullValues {
  return {
    saleType: "History",
    startDate: formatIsoDate(startOfMonth(addMonths(today, -12))),
    duration: "365",
    includeHierarchy: false,
  };
}

export interface PullFormProps {
  busy: boolean;
  onPull: (query: SalesQuery) => void;
  /** starting values, over the defaults */
  initial?: Partial<PullValues>;
}

export function PullForm({ busy, onPull, initial }: PullFormProps) {
  const styles = useStyles();
  const [values, setValues] = useState<PullValues>(() => ({ ...defaultPullValues(), ...initial }));
  const [errors, setErrors] = useState<FieldErrors<keyof PullValues>>({});
  const endDate = inclusiveEndDate(values.startDate, values.duration);
  // the calendar at once when it is loading already, else once the form is painted
  const [calendarWanted, setCalendarWanted] = useState(() => datePickerRequested);
  useEffect(() => {
    if (!calendarWanted) return whenIdle(() => setCalendarWanted(true));
  }, [calendarWanted]);

  const update = (patch: Partial<PullValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as (keyof PullValues)[]) delete next[key];
      return next;
    });
  };

  // Suggestions that match what is typed; all of them when the box is empty or holds a suggestion.
  const suggestions = useMemo(() => {
    const typed = values.saleType.trim().toLowerCase();
    const exact = SALE_TYPE_SUGGESTIONS.some((s) => s.toLowerCase() === typed);
    return exact || !typed
      ? [...SALE_TYPE_SUGGESTIONS]
      : SALE_TYPE_SUGGESTIONS.filter((s) => s.toLowerCase().includes(typed));
  }, [values.saleType]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, query } = validatePull(values);
    setErrors(found);
    if (query) onPull(query);
  };

  const field = (key: keyof PullValues) => ({
    validationMessage: errors[key],
    validationState: errors[key] ? ("error" as const) : ("none" as const),
  });

  const dateText = (
    <Input
      className={styles.fill}
      value={values.startDate}
      placeholder="YYYY-MM-DD"
      onChange={(_, d) => update({ startDate: d.value })}
    />
  );

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Pull sales">
      <Field label="Sale type" required {...field("saleType")}>
        <Combobox
          freeform
          value={values.saleType}
          selectedOptions={suggestions.filter((s) => s === values.saleType)}
          onChange={(e) => update({ saleType: e.target.value })}
          onOptionSelect={(_, data) =>
            update({ saleType: data.optionText ?? data.optionValue ?? "" })
          }
          placeholder="History, Forecast, Budget or another"
        >
          {suggestions.map((s) => (
            <Option key={s} value={s}>
              {s}
            </Option>
          ))}
        </Combobox>
      </Field>
      <div className={styles.row}>
        <Field label="Start date" required {...field("startDate")}>
          {calendarWanted ? (
            // no calendar (its chunk did not arrive): the text box takes the same YYYY-MM-DD
            <ErrorBoundary fallback={dateText}>
              <Suspense fallback={dateText}>
                <DatePicker
                  className={styles.fill}
                  allowTextInput
                  // the month picker beside the days is ~440 px wide; over them it fits a 320 px pane
                  showMonthPickerAsOverlay
                  value={parseIsoDate(values.startDate)}
                  formatDate={(d) => (d ? formatIsoDate(d) : "")}
                  parseDateFromString={(text) => parseIsoDate(text)}
                  onSelectDate={(d) => update({ startDate: d ? formatIsoDate(d) : "" })}
                  placeholder="YYYY-MM-DD"
                />
              </Suspense>
            </ErrorBoundary>
          ) : (
            dateText
          )}
        </Field>
        <Field
          label="Duration (days)"
          required
          {...field("duration")}
          hint={endDate ? `through ${endDate}` : undefined}
        >
          <Input
            className={styles.fill}
            inputMode="numeric"
            value={values.duration}
            onChange={(_, d) => update({ duration: d.value })}
          />
        </Field>
      </div>
      <Checkbox
        label="Include hierarchy columns"
        checked={values.includeHierarchy}
        onChange={(_, d) => update({ includeHierarchy: d.checked === true })}
      />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          Pull sales
        </Button>
      </div>
    </form>
  );
}
