using System.Globalization;

namespace Samples.Common;

/// <summary>Thrown for a command line the sample cannot use; the message says what is wrong and how to fix it.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The samples' small command-line reader: <c>--name value</c> options and <c>--flag</c> switches, each declared up
/// front so a typo is an error that lists what is accepted instead of being silently ignored.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>Reads <paramref name="args"/>; <paramref name="options"/> take a value, <paramref name="flags"/> do not (names without "--").</summary>
    /// <exception cref="UsageException">An unknown option, a missing value or a repeated option.</exception>
    public static CommandLine Parse(string[] args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            string? inlineValue = null;
            if (name is not null && name.Contains('=', StringComparison.Ordinal))
            {
                inlineValue = name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..];
                name = name[..name.IndexOf('=', StringComparison.Ordinal)];
            }

            if (name is not null && flags.Contains(name) && inlineValue is null)
            {
                result._flags.Add(name);
            }
            else if (name is not null && options.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"--{name} needs a value, e.g. --{name} {Example(name)}."));
                if (!result._values.TryAdd(name, value))
                {
                    throw new UsageException($"--{name} is given twice; give it once.");
                }
            }
            else
            {
                var accepted = string.Join(", ", options.Select(o => $"--{o} VALUE").Concat(flags.Select(f => $"--{f}")));
                throw new UsageException($"unknown argument '{arg}'; accepted: {accepted}.");
            }
        }

        return result;
    }

    /// <summary>Whether <c>--<paramref name="name"/></c> was given.</summary>
    public bool Has(string name) => _flags.Contains(name) || _values.ContainsKey(name);

    /// <summary>The value of <c>--<paramref name="name"/></c>, or <paramref name="fallback"/>.</summary>
    public string? Get(string name, string? fallback = null) => _values.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>The integer value of <c>--<paramref name="name"/></c> (at least <paramref name="min"/>), or <paramref name="fallback"/>.</summary>
    /// <exception cref="UsageException">The value is not an integer or is below <paramref name="min"/>.</exception>
    public int GetInt(string name, int fallback, int min = 1)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"--{name} must be a whole number of at least {min}, got '{text}'.");
        }

        return value;
    }

    /// <summary>The number value of <c>--<paramref name="name"/></c> (positive), or <paramref name="fallback"/>.</summary>
    /// <exception cref="UsageException">The value is not a positive number.</exception>
    public double GetDouble(string name, double fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || double.IsInfinity(value))
        {
            throw new UsageException($"--{name} must be a positive number (e.g. 0.01), got '{text}'.");
        }

        return value;
    }

    private static string Example(string name) => name switch
    {
        "out" => "./out",
        "data" => "~/data/mnist",
        "model" => "mlp",
        _ => "3",
    };
}
