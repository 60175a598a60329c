namespace AutoDiffGen.Generators.Model;

/// <summary>
/// A [DerivativeOf] rule as data: the original's key (<c>System.Math.Pow(double,double)</c>; an instance method's
/// receiver is the first parameter), the rule method to call, and for each original parameter whether the rule
/// returns its adjoint. <see cref="StopsGradient"/> marks rules that are zero by nature (Floor, ArgMax), which the
/// analyzers warn about. <see cref="Elementwise"/> names the scalar function an elementwise tensor op maps
/// (<c>tanh</c>), which lets the emitter fuse chains of such ops.
/// </summary>
internal sealed record DerivativeRule(string OriginalKey, string RuleMethod, EquatableArray<bool> ReturnsAdjoint, int Argument = -1, bool StopsGradient = false, string? Elementwise = null);
