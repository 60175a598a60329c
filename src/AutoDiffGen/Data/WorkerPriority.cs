using System.Runtime.InteropServices;

namespace AutoDiffGen;

/// <summary>
/// Lowers the scheduling priority of the calling DataLoader worker thread, so that when all cores are busy the
/// training step's threads (the GEMM's) run first and the workers take the time the step leaves idle.
/// </summary>
/// <remarks>
/// <see cref="Thread.Priority"/> is honoured on Windows; on Linux .NET accepts it but the scheduler ignores it
/// (normal threads have a single static priority), so there the thread's nice value is raised, which Linux applies
/// per thread and lets any process do without privileges. Best effort: a failure leaves the priority as it was.
/// </remarks>
internal static partial class WorkerPriority
{
    private const int PrioProcess = 0;
    private const int NiceIncrement = 5;
    private const nint SysGettidX64 = 186;
    private const nint SysGettidArm64 = 178;

    /// <summary>Whether workers lower their priority at all; a switch for the benchmarks that compare both.</summary>
    internal static bool Enabled { get; set; } = true;

    public static void LowerCurrentThread()
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            if (OperatingSystem.IsLinux())
            {
                var number = RuntimeInformation.ProcessArchitecture switch
                {
                    Architecture.X64 => SysGettidX64,
                    Architecture.Arm64 => SysGettidArm64,
                    _ => -1,
                };
                if (number < 0)
                {
                    return;
                }

                var tid = (int)Syscall(number);
                Marshal.SetLastPInvokeError(0);
                var nice = GetPriority(PrioProcess, tid);
                if (nice != -1 || Marshal.GetLastPInvokeError() == 0)
                {
                    _ = SetPriority(PrioProcess, tid, Math.Min(nice + NiceIncrement, 19));
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or ThreadStateException)
        {
            // No libc to call (an unusual Linux) or a thread that cannot change priority: run at normal priority.
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial nint Syscall(nint number);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
