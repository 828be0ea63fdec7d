using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Microsoft.ML.AnoOnly.Tests.Packaging
{
    /// <summary>
    /// What a restore costs a consumer: the packages of its restored graph (from obj/project.assets.json) and their
    /// size in the NuGet global-packages folder, and the size of a folder (the app's build output). The same figures as
    /// the shell commands of docs/native-backend.md.
    /// </summary>
    internal static class RestoreFootprint
    {
        public static string[] Packages(string projectDirectory)
        {
            using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectDirectory, "obj", "project.assets.json")));
            return assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        }

        public static long PackagesBytes(string projectDirectory)
            => Packages(projectDirectory).Sum(package => FolderBytes(Path.Combine(GlobalPackagesFolder(), package.ToLowerInvariant())));

        public static long FolderBytes(string folder)
            => Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

        public static string GlobalPackagesFolder()
            => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
               ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        public static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MiB";
    }
}
