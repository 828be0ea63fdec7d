using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AnoOnly.Benchmarks.Data
{
    /// <summary>Finds the benchmark's CSV files: a folder of sets in the ADBench layout (header
    /// <c>f0..fN-1,label</c>), by default <c>../shared/datasets</c> beside the repository.</summary>
    internal static class DatasetSource
    {
        /// <summary>The folder to read: <paramref name="dataDir"/> when given, else the default one.</summary>
        public static string ResolveFolder(string? dataDir)
        {
            if (!string.IsNullOrWhiteSpace(dataDir))
            {
                string full = Path.GetFullPath(dataDir);
                if (!Directory.Exists(full))
                    throw new DirectoryNotFoundException($"--data-dir: no folder at '{full}'.");
                return full;
            }
            string? repoRoot = RepoRoot();
            string? candidate = repoRoot == null ? null : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "datasets"));
            if (candidate != null && Directory.Exists(candidate))
                return candidate;
            throw new DirectoryNotFoundException(
                "No dataset folder: pass --data-dir DIR (a folder of CSV files whose header is f0..fN-1,label, label 1 = anomaly). " +
                $"The default, ../shared/datasets beside the repository, {(candidate == null ? "could not be located (no AnoOnly.sln above the program or the working folder)" : $"does not exist ('{candidate}')")}. " +
                "The bundled sample works too: --data-dir examples/data.");
        }

        /// <summary>The CSV files of <paramref name="folder"/> whose name (without .csv) contains one of the
        /// comma-separated <paramref name="filter"/> entries (case-insensitive); all when no filter.</summary>
        public static IReadOnlyList<(string Name, string Path)> List(string folder, string? filter)
        {
            var files = Directory.GetFiles(folder, "*.csv")
                .Select(p => (Name: Path.GetFileNameWithoutExtension(p), Path: p))
                .OrderBy(f => f.Name, DatasetNameComparer.Instance)
                .ToList();
            if (!string.IsNullOrWhiteSpace(filter))
            {
                string[] wanted = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                // An exact name wins over substring matches, so "6_cardio" does not also pick "16_cardio".
                files = files.Where(f => wanted.Any(w => string.Equals(f.Name, w, StringComparison.OrdinalIgnoreCase)
                        || (!files.Any(g => string.Equals(g.Name, w, StringComparison.OrdinalIgnoreCase))
                            && f.Name.Contains(w, StringComparison.OrdinalIgnoreCase))))
                    .ToList();
            }
            if (files.Count == 0)
                throw new FileNotFoundException($"No CSV file in '{folder}'{(string.IsNullOrWhiteSpace(filter) ? "" : $" matches --datasets '{filter}'")}.");
            return files;
        }

        /// <summary>The folder holding AnoOnly.sln above the program or the working folder, if any.</summary>
        public static string? RepoRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                string? dir = start;
                while (dir != null && !File.Exists(Path.Combine(dir, "AnoOnly.sln")))
                    dir = Path.GetDirectoryName(dir);
                if (dir != null)
                    return dir;
            }
            return null;
        }
    }
}
