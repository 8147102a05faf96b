namespace ERaport.Write.Common;

/// <summary>Field checks shared by the decisions; messages in Bahasa Indonesia.</summary>
public static class Rules
{
    public static DomainError? Required(string? value, string field, string label, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            return new DomainError($"{field}.required", $"{label} wajib diisi.", new Dictionary<string, object?> { ["field"] = field });
        if (value.Length > maxLength)
            return new DomainError($"{field}.too_long", $"{label} paling banyak {maxLength} karakter.", new Dictionary<string, object?> { ["field"] = field });
        if (value.Any(char.IsControl))
            return new DomainError($"{field}.invalid_characters", $"{label} berisi karakter yang tidak diizinkan.", new Dictionary<string, object?> { ["field"] = field });
        return null;
    }

    public static DomainError? Digits(string? value, string field, string label, int length)
    {
        if (value is null || value.Length != length || !value.All(char.IsAsciiDigit))
            return new DomainError($"{field}.invalid", $"{label} harus {length} digit angka.", new Dictionary<string, object?> { ["field"] = field, ["value"] = value });
        return null;
    }

    public static Decision Check(Func<Decision> decide, params DomainError?[] checks)
    {
        var errors = checks.OfType<DomainError>().ToList();
        return errors.Count > 0 ? Decision.Invalid(errors) : decide();
    }
}
