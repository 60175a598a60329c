namespace AutoDiffGen.Generators.Model;

/// <summary>
/// A [DerivativeOf] rule as data: the original's key (<c>System.Math.Pow(double,double)</c>; an instance method's
/// receiver is the first parameter), the rule method to call, and for each original parameter whether the rule
/// returns its adjoint. <see cref="StopsGradient"/> marks rules that are zero by nature (Floor, ArgMax), which the
/// analyzers warn about. <see cref="Elementwise"/> names the scalar function an elementwise tensor op maps
/// (<c>tanh</c>), which lets the emitter fuse chains of such ops. <see cref="ShapeOnly"/> marks an original that reads
/// only its arguments' shapes (ZerosLike): the call is a constant, never on the gradient's path. A rule for one
/// element of a tuple result (<c>Max(dim).Values</c>) has the element's name appended to the key
/// (<c>AutoDiffGen.Tensor.Max(AutoDiffGen.Tensor,int,bool).Values</c>), as the parser keys such a read.
/// </summary>
internal sealed record DerivativeRule(string OriginalKey, string RuleMethod, EquatableArray<bool> ReturnsAdjoint, int Argument = -1, bool StopsGradient = false, string? Elementwise = null, bool ShapeOnly = false);
