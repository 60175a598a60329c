namespace AutoDiffGen.Kernels;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// The body of a split product: block <c>part</c> of C's rows or columns. One per calling thread, reused, so a
    /// product run in parallel allocates nothing (see <see cref="Internal.ParallelRunner"/>).
    /// </summary>
    private sealed class Work<T> : Internal.ParallelWork
        where T : unmanaged
    {
        [ThreadStatic]
        private static Work<T>? _forThisThread;

        private int _m, _n, _k, _nr, _extent, _unit, _units, _parts;
        private nint _ars, _acs, _brs, _bcs, _ldc;
        private T* _a, _b, _c;
        private bool _accumulate, _splitN;

        public static Work<T> ForThisThread() => _forThisThread ??= new Work<T>();

        public void Set(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, bool accumulate, int nr, bool splitN, int extent, int unit, int units, int parts)
        {
            _a = a;
            _b = b;
            _c = c;
            (_m, _n, _k, _ars, _acs, _brs, _bcs, _ldc) = (m, n, k, ars, acs, brs, bcs, ldc);
            (_accumulate, _nr, _splitN, _extent, _unit, _units, _parts) = (accumulate, nr, splitN, extent, unit, units, parts);
        }

        public override void Run(int index)
        {
            var start = (int)((long)_units * index / _parts) * _unit;
            var end = Math.Min(_extent, (int)((long)_units * (index + 1) / _parts) * _unit);
            if (start >= end)
            {
                return;
            }

            if (_splitN)
            {
                Serial(_m, end - start, _k, _a, _ars, _acs, _b + (start * _bcs), _brs, _bcs, _c + start, _ldc, _accumulate, _nr);
            }
            else
            {
                Serial(end - start, _n, _k, _a + (start * _ars), _ars, _acs, _b, _brs, _bcs, _c + (start * _ldc), _ldc, _accumulate, _nr);
            }
        }
    }
}
