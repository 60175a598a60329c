namespace AutoDiffGen.Generators.Model;

/// <summary>
/// A [DerivativeOf] rule as data: the original's key (<c>System.Math.Pow(double,double)</c>; an instance method's
/// receiver is the first parameter), the rule method to call, and for each original parameter whether the rule
/// returns its adjoint.
/// </summary>
internal sealed record DerivativeRule(string OriginalKey, string RuleMethod, EquatableArray<bool> ReturnsAdjoint, int Argument = -1);
