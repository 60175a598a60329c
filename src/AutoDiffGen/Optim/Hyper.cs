using System.Globalization;

namespace AutoDiffGen;

/// <summary>Checks of optimizer and scheduler hyper-parameters, with messages that name the class and the argument.</summary>
internal static class Hyper
{
    public static void NonNegative(double value, string name, string owner)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{owner}: invalid {name} {value}; it must be finite and >= 0."));
        }
    }

    public static void Finite(double value, string name, string owner)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{owner}: invalid {name} {value}; it must be finite."));
        }
    }

    /// <summary>A value in [0, 1) (Adam's betas, RMSprop's alpha is checked with <see cref="NonNegative"/> as in PyTorch).</summary>
    public static void UnitInterval(double value, string name, string owner)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{owner}: invalid {name} {value}; it must be in [0, 1)."));
        }
    }
}
