using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Packaging
{
    /// <summary>
    /// Proof that the NuGet package works outside the repository: pack the library once into a temporary local
    /// feed, create fresh console apps that reference the package (nothing from this repository's build files
    /// reaches them), train and save in one process, load and score in a second one. One app takes the package as
    /// it comes (CPU libtorch for every platform); the other replaces its native backend with one platform's
    /// libtorch, as a GPU application replaces it with a CUDA one (docs/native-backend.md). On Linux hosts whose
    /// libstdc++ is older than GCC 13 (Debian 12) training only works if the package's buildTransitive target
    /// patched libLibTorchSharp.so in the app's output, whichever backend brought it.
    /// </summary>
    [TestFixture]
    [Category("Package")]
    [NonParallelizable]
    public sealed class PackageConsumerTests
    {
        private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);
        private static readonly string[] PlatformsWithCpuLibTorch = { "linux-x64", "win-x64", "osx-arm64" };

        // A unique prerelease version: the global NuGet cache never holds a stale 0.1.0 from a test run.
        private readonly string _version = "0.1.0-test." + DateTime.UtcNow.Ticks;
        private readonly string _root = Path.Combine(Path.GetTempPath(), "anoonly-package-" + Guid.NewGuid().ToString("N"));
        private string Feed => Path.Combine(_root, "feed");

        [OneTimeSetUp]
        public void PackTheLibrary()
        {
            Directory.CreateDirectory(Feed);
            Step(TestData.RepoRoot, "pack", Path.Combine("src", "Microsoft.ML.AnoOnly"), "-c", "Release", "-o", Feed, "-p:Version=" + _version);
            Assert.That(File.Exists(Path.Combine(Feed, $"Microsoft.ML.AnoOnly.{_version}.snupkg")), "the symbol package was not written");
        }

        [OneTimeTearDown]
        public void RemoveTheFeedAndTheCachedPackage()
        {
            TryDelete(_root);
            string cached = Path.Combine(RestoreFootprint.GlobalPackagesFolder(), "microsoft.ml.anoonly");
            TryDelete(Path.Combine(cached, _version));
            if (Directory.Exists(cached) && Directory.GetFileSystemEntries(cached).Length == 0)
                TryDelete(cached);
        }

        [Test]
        public void PackageDeclaresTheBindingsAndTheDefaultBackendApart()
        {
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(Feed, $"Microsoft.ML.AnoOnly.{_version}.nupkg"));
            using var reader = new StreamReader(package.GetEntry("Microsoft.ML.AnoOnly.nuspec")!.Open());
            string nuspec = reader.ReadToEnd();
            Assert.That(nuspec, Does.Contain("id=\"TorchSharp\" version=\"0.107.0\""), "the managed bindings");
            Assert.That(nuspec, Does.Contain("id=\"libtorch-cpu\" version=\"2.10.0\""), "the default native backend, a package of its own");
            Assert.That(nuspec, Does.Not.Contain("TorchSharp-cpu"), "a bundle of both could not be replaced by half");
        }

        [Test]
        public void PackageTrainsSavesLoadsAndScoresInAFreshConsoleApp()
        {
            string app = NewApp("default");
            Step(app, "add", "package", "Microsoft.ML.AnoOnly", "--version", _version);
            TrainAndScore(app);
            Assert.That(RestoreFootprint.Packages(app), Has.Some.StartsWith("libtorch-cpu/"), "the default backend comes with the package");
        }

        [Test]
        public void AnAppSwapsTheNativeBackendForAnotherLibTorchPackageAndTrains()
        {
            string platform = RuntimeInformation.RuntimeIdentifier;
            if (!PlatformsWithCpuLibTorch.Contains(platform))
                Assert.Ignore($"No single-platform CPU libtorch package for {platform}.");
            string app = NewApp("swapped");
            string project = File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Packaging", "SwappedBackendConsumer.csproj.txt"))
                .Replace("$(AnoOnlyVersion)", _version).Replace("$(LibTorchPackage)", "libtorch-cpu-" + platform);
            File.WriteAllText(Path.Combine(app, "AnoOnlyConsumer.csproj"), project);
            TrainAndScore(app);

            string[] packages = RestoreFootprint.Packages(app);
            Assert.That(packages, Has.Some.EqualTo($"libtorch-cpu-{platform}/2.10.0"), "the backend the app chose");
            Assert.That(packages.Where(p => p.StartsWith("libtorch-", StringComparison.Ordinal)), Has.Exactly(1).Items,
                "the default backend and its other platforms are pruned from the graph: " + string.Join(", ", packages));
        }

        private string NewApp(string name)
        {
            string app = Path.Combine(_root, name);
            Step(_root, "new", "console", "-o", app, "-n", "AnoOnlyConsumer");
            File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(Feed));
            File.Copy(Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Packaging", "ConsumerProgram.cs.txt"),
                Path.Combine(app, "Program.cs"), overwrite: true);
            return app;
        }

        private static void TrainAndScore(string app)
        {
            // One runtime identifier: the app's output holds only this platform's libtorch.
            Step(app, "build", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", "out");
            TestContext.Out.WriteLine($"{Path.GetFileName(app)}: restore footprint {RestoreFootprint.MiB(RestoreFootprint.PackagesBytes(app))} " +
                $"in {RestoreFootprint.Packages(app).Length} packages; output folder {RestoreFootprint.MiB(RestoreFootprint.FolderBytes(Path.Combine(app, "out")))}");

            string dll = Path.Combine(app, "out", "AnoOnlyConsumer.dll");
            string model = Path.Combine(app, "model.zip");
            string trained = Step(app, dll, "train", model);
            Assert.That(trained, Does.Contain("TRAINED"));
            Assert.That(File.Exists(model), "the model was not saved");

            string scored = Step(app, dll, "score", model);
            TestContext.Out.WriteLine(scored);
            Assert.That(scored, Does.Contain("SCORES"));
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
