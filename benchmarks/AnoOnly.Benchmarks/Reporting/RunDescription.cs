using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using AnoOnly.Benchmarks.Cli;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>What was run, where and when: the header of summary.md, so every figure carries its command.</summary>
    internal sealed record RunDescription(string Command, string Machine, DateTime StartedUtc, bool Quick)
    {
        public static RunDescription Capture(BenchmarkSettings settings)
        {
            string args = string.Join(' ', Program.Arguments.Select(Quote));
            string command = "dotnet run -c Release --project benchmarks/AnoOnly.Benchmarks --" + (args.Length > 0 ? " " + args : "");
            return new RunDescription(command, DescribeMachine(), DateTime.UtcNow, settings.Quick);
        }

        private static string Quote(string arg) => arg.Any(char.IsWhiteSpace) ? $"\"{arg}\"" : arg;

        private static string DescribeMachine()
        {
            string cpu = "unknown CPU";
            try
            {
                if (File.Exists("/proc/cpuinfo"))
                    cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                        ?.Split(':', 2)[1].Trim() ?? cpu;
            }
            catch (IOException)
            {
            }
            string os = RuntimeInformation.OSDescription;
            try
            {
                if (File.Exists("/etc/os-release"))
                    os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                        ?.Split('=', 2)[1].Trim('"') ?? os;
            }
            catch (IOException)
            {
            }
            double memoryGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
            return $"{Environment.ProcessorCount} cores ({cpu}), {memoryGb:0} GiB, {os}, .NET {Environment.Version}, {RuntimeInformation.OSArchitecture}";
        }
    }
}
