module.exports=[33578,s=>{"use strict";s.s([])}];

//# sourceMappingURL=js_test_next-app__next-internal_server_app_api_later_route_actions_1sybdbf814_vt.js.map