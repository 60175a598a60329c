using AutoDiffGen.DeviceCheck;

// dotnet AutoDiffGen.DeviceCheck.dll tests <AutoDiffGen.Tests.dll> <class-name filter>...
//   runs those xunit tests by reflection (no SDK needed); exit code 1 when one fails.
// dotnet AutoDiffGen.DeviceCheck.dll timings [--quick]
//   times the OpenCL paths on the first OpenCL device next to the CPU (DeviceTimings).
if (args.Length >= 3 && args[0] == "tests")
{
    return ReflectionTestRunner.Run(args[1], args[2..], Console.Out);
}

if (args.Length >= 1 && args[0] == "timings")
{
    DeviceTimings.Run(Console.Out, args.Contains("--quick"));
    return 0;
}

Console.Error.WriteLine("usage: AutoDiffGen.DeviceCheck tests <tests.dll> <class filter>... | timings [--quick]");
return 2;
