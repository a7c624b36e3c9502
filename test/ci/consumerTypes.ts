// Compiled by test/ci/consumer.sh inside a consumer project, against the installed package.
import * as ims from "pulumi-ims";
import { LocalImsServer } from "pulumi-ims/testing";

export = async () => {
  const server = await LocalImsServer.start({ catalog: { count: 10 } });
  const image: ims.GetImageResult = await ims.getImage(
    { platform: "Ubuntu", imageType: "gold" },
    { connection: { endpoint: server.url } },
  );
  const selection = new ims.ImageSelection("boot", { platform: "Ubuntu", imageType: "gold" });
  await server.close();
  return { id: image.id, minDisk: image.minDisk, recorded: selection.imageId };
};
