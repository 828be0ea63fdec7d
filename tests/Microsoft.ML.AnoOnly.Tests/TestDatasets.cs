using System;
using System.IO;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>
    /// Where the tests find benchmark sets and reference files: the sets bundled in <c>examples/data</c> first, then
    /// the shared folder beside the repository (<c>../shared</c>, or the folder the ANOONLY_SHARED variable names),
    /// only when it is there. Tests that run by default use bundled files only; a test that needs a shared file
    /// calls <see cref="RequireDataset"/> or <see cref="RequireSharedReference"/>, which skip it with
    /// <c>Assert.Ignore</c> on a machine without the shared folder.
    /// </summary>
    internal static class TestDatasets
    {
        /// <summary>The folder of the sets bundled with the repository.</summary>
        public static string BundledFolder => Path.Combine(TestData.RepoRoot, "examples", "data");

        /// <summary>The bundled cardio set (1,831 rows, 21 features).</summary>
        public static string Cardio => Bundled("6_cardio");

        /// <summary>The shared folder (holding <c>datasets/</c> and <c>reference/</c>), or null where there is none.</summary>
        public static string? SharedFolder
        {
            get
            {
                string folder = Environment.GetEnvironmentVariable("ANOONLY_SHARED") is { Length: > 0 } configured
                    ? configured
                    : Path.GetFullPath(Path.Combine(TestData.RepoRoot, "..", "shared"));
                return Directory.Exists(Path.Combine(folder, "datasets")) ? folder : null;
            }
        }

        /// <summary>A set that ships with the repository; its absence is a broken checkout, so it throws.</summary>
        /// <param name="name">The file name without <c>.csv</c>, for example <c>6_cardio</c>.</param>
        public static string Bundled(string name)
        {
            string path = Path.Combine(BundledFolder, name + ".csv");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The bundled set {name} is missing.", path);
        }

        /// <summary>The set's CSV: bundled when it is, else from the shared datasets; null when neither has it.</summary>
        /// <param name="name">The file name without <c>.csv</c>.</param>
        public static string? Find(string name)
        {
            string bundled = Path.Combine(BundledFolder, name + ".csv");
            if (File.Exists(bundled))
                return bundled;
            string? shared = SharedFolder is string folder ? Path.Combine(folder, "datasets", name + ".csv") : null;
            return shared != null && File.Exists(shared) ? shared : null;
        }

        /// <summary><see cref="Find"/>, or an ignored test when the set is nowhere on this machine.</summary>
        /// <param name="name">The file name without <c>.csv</c>.</param>
        public static string RequireDataset(string name)
        {
            string? path = Find(name);
            if (path == null)
                Assert.Ignore($"{name}.csv is neither bundled nor in a shared datasets folder (../shared/datasets or ANOONLY_SHARED).");
            return path!;
        }

        /// <summary>A file of the shared reference folder, or an ignored test when there is none.</summary>
        /// <param name="fileName">For example <c>pytorch_all_backbones_reference.csv</c>.</param>
        public static string RequireSharedReference(string fileName)
        {
            string? path = SharedFolder is string folder ? Path.Combine(folder, "reference", fileName) : null;
            if (path == null || !File.Exists(path))
                Assert.Ignore($"No shared reference file {fileName} (../shared/reference or ANOONLY_SHARED).");
            return path!;
        }
    }
}
