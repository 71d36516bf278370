// An input's error region: always rendered (so aria-describedby points at something) and announced when it fills.
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} aria-live="polite" className="min-h-4 text-xs text-rose-700">
      {errors?.[0]}
    </p>
  );
}
