using System;
using System.Diagnostics;
using System.IO;

namespace AnoOnly.Benchmarks.Measurement
{
    /// <summary>
    /// Peak resident memory (working set) of this process over a stretch of work. On Linux the kernel's
    /// high-water mark (VmHWM) is reset before the work by writing 5 to /proc/self/clear_refs, so each
    /// measurement sees its own peak, native memory (libtorch, LightGBM) included. Elsewhere the process's
    /// lifetime peak is the best available, which only grows.
    /// </summary>
    internal static class PeakMemory
    {
        private const string ClearRefs = "/proc/self/clear_refs";
        private const string Status = "/proc/self/status";

        /// <summary>Whether peaks are per measurement (Linux) rather than per process lifetime.</summary>
        public static bool IsResettable { get; } = TryReset();

        /// <summary>Collects garbage and starts a new peak.</summary>
        public static void Reset()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (IsResettable)
                TryReset();
        }

        /// <summary>The peak working set since the last <see cref="Reset"/>, in MiB.</summary>
        public static double PeakMb()
        {
            if (IsResettable && TryReadStatus("VmHWM:", out long kb))
                return kb / 1024.0;
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64 / (1024.0 * 1024.0);
        }

        /// <summary>The working set now, in MiB.</summary>
        public static double CurrentMb()
        {
            if (TryReadStatus("VmRSS:", out long kb))
                return kb / 1024.0;
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64 / (1024.0 * 1024.0);
        }

        private static bool TryReset()
        {
            try
            {
                if (!OperatingSystem.IsLinux() || !File.Exists(ClearRefs))
                    return false;
                File.WriteAllText(ClearRefs, "5");
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static bool TryReadStatus(string key, out long kilobytes)
        {
            kilobytes = 0;
            if (!File.Exists(Status))
                return false;
            foreach (string line in File.ReadLines(Status))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.TryParse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), out kilobytes);
            }
            return false;
        }
    }
}
