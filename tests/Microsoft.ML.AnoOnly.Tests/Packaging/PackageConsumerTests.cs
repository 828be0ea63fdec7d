using System;
using System.IO;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Packaging
{
    /// <summary>
    /// Proof that the NuGet package works outside the repository: pack the library into a temporary local
    /// feed, create a fresh console app that references the package (nothing from this repository's build
    /// files reaches it), train and save in one process, load and score in a second one. On Linux hosts
    /// whose libstdc++ is older than GCC 13 (Debian 12) training only works if the package's
    /// buildTransitive target patched libLibTorchSharp.so in the app's output.
    /// </summary>
    [TestFixture]
    [Category("Package")]
    [NonParallelizable]
    public sealed class PackageConsumerTests
    {
        private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

        [Test]
        public void PackageTrainsSavesLoadsAndScoresInAFreshConsoleApp()
        {
            // A unique prerelease version: the global NuGet cache never holds a stale 0.1.0 from a test run.
            string version = "0.1.0-test." + DateTime.UtcNow.Ticks;
            string root = Path.Combine(Path.GetTempPath(), "anoonly-package-" + Guid.NewGuid().ToString("N"));
            string feed = Path.Combine(root, "feed");
            string app = Path.Combine(root, "app");
            Directory.CreateDirectory(feed);
            try
            {
                Step(TestData.RepoRoot, "pack", Path.Combine("src", "Microsoft.ML.AnoOnly"), "-c", "Release", "-o", feed,
                    "-p:Version=" + version);
                Assert.That(File.Exists(Path.Combine(feed, $"Microsoft.ML.AnoOnly.{version}.nupkg")), "the package was not written");
                Assert.That(File.Exists(Path.Combine(feed, $"Microsoft.ML.AnoOnly.{version}.snupkg")), "the symbol package was not written");

                Step(root, "new", "console", "-o", app, "-n", "AnoOnlyConsumer");
                File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(feed));
                File.Copy(Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Packaging", "ConsumerProgram.cs.txt"),
                    Path.Combine(app, "Program.cs"), overwrite: true);
                Step(app, "add", "package", "Microsoft.ML.AnoOnly", "--version", version);
                // One runtime identifier: the app's output holds only this platform's libtorch.
                Step(app, "build", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", "out");

                string dll = Path.Combine(app, "out", "AnoOnlyConsumer.dll");
                string model = Path.Combine(root, "model.zip");
                string trained = Step(app, dll, "train", model);
                Assert.That(trained, Does.Contain("TRAINED"));
                Assert.That(File.Exists(model), "the model was not saved");

                string scored = Step(app, dll, "score", model);
                TestContext.Out.WriteLine(scored);
                Assert.That(scored, Does.Contain("SCORES"));
            }
            finally
            {
                TryDelete(root);
                string cached = Path.Combine(GlobalPackagesFolder(), "microsoft.ml.anoonly");
                TryDelete(Path.Combine(cached, version));
                if (Directory.Exists(cached) && Directory.GetFileSystemEntries(cached).Length == 0)
                    TryDelete(cached);
            }
        }

        private static string Step(string workingDirectory, params string[] arguments)
        {
            DotnetCli.Result result = DotnetCli.Run(workingDirectory, arguments, StepTimeout);
            Assert.That(result.ExitCode, Is.EqualTo(0), $"dotnet {string.Join(' ', arguments)} failed:\n{result.Output}");
            return result.Output;
        }

        /// <summary>The local feed first, then the machine's usual source, so TorchSharp and ML.NET still restore.</summary>
        private static string NuGetConfig(string feed) => $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="anoonly-local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """;

        private static string GlobalPackagesFolder()
            => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
               ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        private static void TryDelete(string directory)
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory, recursive: true);
            }
            catch (IOException e)
            {
                TestContext.Out.WriteLine($"Could not delete {directory}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                TestContext.Out.WriteLine($"Could not delete {directory}: {e.Message}");
            }
        }
    }
}
