using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace AnoOnly.Benchmarks.Measurement
{
    /// <summary>What one child process took: wall time from start to exit, peak working set, CPU time, its output.</summary>
    internal sealed record ChildRun(int ExitCode, double WallSeconds, double PeakMb, double CpuSeconds, string Output);

    /// <summary>
    /// Runs a program as a child process and measures it from outside, as a user would see it: wall time from start to
    /// exit, and (on Linux) its peak working set and CPU time read from <c>/proc/&lt;pid&gt;</c> while it runs. The kernel's
    /// high-water mark VmHWM only grows, so the last reading before the child exits is its peak; the CPU time is likewise
    /// the last reading, a few milliseconds short of the total.
    /// </summary>
    internal static class ChildProcessMeter
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

        /// <summary>Runs <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> to its end.</summary>
        public static ChildRun RunDotnet(string dll, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo
            {
                FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            var output = new StringBuilder();
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            double peakMb = 0, cpuSeconds = 0;
            while (!process.WaitForExit(PollInterval))
            {
                peakMb = Math.Max(peakMb, ReadPeakMb(process.Id));
                cpuSeconds = Math.Max(cpuSeconds, ReadCpuSeconds(process.Id));
            }
            process.WaitForExit(); // the output's last lines
            double wall = clock.Elapsed.TotalSeconds;
            lock (output)
                return new ChildRun(process.ExitCode, wall, peakMb, cpuSeconds, output.ToString());
        }

        private static double ReadPeakMb(int pid)
        {
            try
            {
                foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                        return kb / 1024.0;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The child has just exited: keep the last reading.
            }
            return 0;
        }

        /// <summary>User plus system time from <c>/proc/&lt;pid&gt;/stat</c> (fields 14 and 15, in clock ticks of 1/100 s).</summary>
        private static double ReadCpuSeconds(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return 0;
            }
        }
    }
}
