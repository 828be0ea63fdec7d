using System;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>The build step that lets TorchSharp 0.107 load on Debian 12 / Ubuntu 22.04.</summary>
    public class LinuxCompatibilityTests
    {
        [Test]
        public void CopiedLibTorchSharpHasItsGlibcxx3432RequirementWeakExactlyWhenTheSystemLacksIt()
        {
            if (!OperatingSystem.IsLinux())
                Assert.Ignore("Linux only.");
            string[] copies = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            Assert.That(copies, Is.Not.Empty);
            bool systemHasIt = Training.TorchRuntime.SystemLibstdcxxHas("GLIBCXX_3.4.32");
            foreach (string copy in copies)
            {
                ushort? flags = VersionNeedFlags(File.ReadAllBytes(copy), "GLIBCXX_3.4.32");
                Assert.That(flags, Is.Not.Null, "libLibTorchSharp.so 0.107 requires GLIBCXX_3.4.32");
                Assert.That((flags!.Value & 2) != 0, Is.EqualTo(!systemHasIt), copy);
            }
        }

        [Test]
        public void LibtorchLoadsAndComputes()
        {
            using var a = TorchSharp.torch.ones(3);
            Assert.That(a.sum().item<float>(), Is.EqualTo(3f));
        }

        /// <summary>The vna_flags of the named version requirement in .gnu.version_r, or null if none.</summary>
        private static ushort? VersionNeedFlags(byte[] elf, string version)
        {
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int entSize = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
            for (int i = 0; i < count; i++)
            {
                int sh = (int)(shoff + i * entSize);
                if (BitConverter.ToUInt32(elf, sh + 4) != 0x6ffffffe)
                    continue;
                long offset = BitConverter.ToInt64(elf, sh + 24);
                int link = (int)BitConverter.ToUInt32(elf, sh + 40);
                long strings = BitConverter.ToInt64(elf, (int)(shoff + link * entSize) + 24);
                long need = offset;
                for (int n = 0; n < BitConverter.ToUInt32(elf, sh + 44); n++)
                {
                    long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                    for (int a = 0; a < BitConverter.ToUInt16(elf, (int)need + 2); a++)
                    {
                        int name = (int)(strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                        int end = Array.IndexOf(elf, (byte)0, name);
                        if (Encoding.ASCII.GetString(elf, name, end - name) == version)
                            return BitConverter.ToUInt16(elf, (int)aux + 4);
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    need += BitConverter.ToUInt32(elf, (int)need + 12);
                }
            }
            return null;
        }
    }
}
