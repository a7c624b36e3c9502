/** Endpoints as users and service catalogs write them (OS_AUTH_URL, clouds.yaml auth_url, IMS_ENDPOINT). */
import { normalizeAuthUrl, normalizeImsEndpoint } from "../../provider/core/imsEndpoint";

describe("normalizeAuthUrl()", () => {
  it.each([
    ["https://iam.eu-de.otc.t-systems.com/v3", "https://iam.eu-de.otc.t-systems.com/v3"],
    ["https://iam.myhuaweicloud.com:443/v3/", "https://iam.myhuaweicloud.com:443/v3"],
    ["http://127.0.0.1:5000", "http://127.0.0.1:5000/v3"],
    ["http://127.0.0.1:5000//", "http://127.0.0.1:5000/v3"],
    ["https://cloud.example/identity", "https://cloud.example/identity/v3"],
    ["https://cloud.example/identity/v3", "https://cloud.example/identity/v3"],
    ["https://keystone.example/v2.0", "https://keystone.example/v2.0"],
    ["https://keystone.example/v10", "https://keystone.example/v10"],
    ["https://keystone.example/v3.14", "https://keystone.example/v3.14"],
    // Not a version: "v3" inside a word, or a version with letters after it.
    ["https://keystone.example/dev3", "https://keystone.example/dev3/v3"],
    ["https://keystone.example/v3beta", "https://keystone.example/v3beta/v3"],
    ["https://keystone.example/v3.x", "https://keystone.example/v3.x/v3"],
  ])("%s -> %s", (given, normalized) => {
    expect(normalizeAuthUrl(given)).toBe(normalized);
  });
});

describe("normalizeImsEndpoint()", () => {
  it.each([
    ["https://ims.eu-de.otc.t-systems.com", "https://ims.eu-de.otc.t-systems.com"],
    ["https://ims.eu-de.otc.t-systems.com/", "https://ims.eu-de.otc.t-systems.com"],
    ["https://ims.eu-de.otc.t-systems.com/v2", "https://ims.eu-de.otc.t-systems.com"],
    ["https://ims.eu-de.otc.t-systems.com/v2/", "https://ims.eu-de.otc.t-systems.com"],
    ["http://127.0.0.1:9292/image/v2", "http://127.0.0.1:9292/image"],
    ["https://ims.example/v21", "https://ims.example/v21"],
    ["https://ims.example/v2//", "https://ims.example"],
  ])("%s -> %s", (given, normalized) => {
    expect(normalizeImsEndpoint(given)).toBe(normalized);
  });
});
