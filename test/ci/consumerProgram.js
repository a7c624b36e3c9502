/**
 * Run inside a consumer project that installed pulumi-ims: getImage under
 * pulumi.runtime.setMocks, reading IMS_ENDPOINT and IMS_TOKEN from the environment as a
 * program in CI does, and an ImageSelection registered through the consumer's own
 * @pulumi/pulumi, given its outputs by imsMocks from pulumi-ims/testing as a user's unit test
 * does. Prints what it saw as one JSON line.
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const ims = require("pulumi-ims");
const { imsMocks } = require("pulumi-ims/testing");

const registered = [];
pulumi.runtime.setMocks(
  imsMocks(
    { url: process.env.IMS_ENDPOINT },
    {
      token: process.env.IMS_TOKEN,
      mocks: {
        newResource: (args) => {
          registered.push(args.type);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => {
          throw new Error(`getImage must not be an engine invoke (${args.token})`);
        },
      },
    },
  ),
  "consumer",
  "dev",
);

async function main() {
  const image = await ims.getImage({ platform: "Ubuntu", imageType: "gold" });
  const selection = new ims.ImageSelection("boot", { platform: "Ubuntu", imageType: "gold" });
  const selectionId = await new Promise((resolve) => selection.imageId.apply(resolve));
  // Every copy of @pulumi/pulumi this process loaded, wherever it came from.
  const pulumiCopies = Object.keys(require.cache).filter((f) => /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/.test(f));
  // What the serialized provider requires when the engine runs it from this project.
  const runtimeLoads = typeof require("pulumi-ims/runtime").create === "function";
  console.log(
    JSON.stringify({
      runtimeLoads,
      id: image.id,
      selectionId,
      name: image.name,
      registered,
      pulumiCopies,
      pulumiVersion: require("@pulumi/pulumi/package.json").version,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
