namespace AutoDiffGen;

/// <summary>
/// Thrown by <c>Inverse</c> (and solvers) when a matrix is singular: LU factorisation with partial pivoting met a
/// zero pivot. The message gives the pivot's position so the caller can see which column is dependent.
/// </summary>
public sealed class SingularMatrixException : ArithmeticException
{
    public SingularMatrixException(string message)
        : base(message)
    {
    }

    public SingularMatrixException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SingularMatrixException()
    {
    }
}
