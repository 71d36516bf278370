// A labelled <select> of a GET filter form (history, board): an "any" choice first, then one option per value.
import { labelClass, selectClass } from "./ui-classes";

export type FilterOption = { value: string; label: string };

export function FilterSelect({
  id,
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: readonly FilterOption[];
  /** The first option, value "": leave the filter off. Omit for a select that always has a value (a sort). */
  anyLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? (anyLabel === undefined ? options[0]?.value : "")} className={selectClass}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
